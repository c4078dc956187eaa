package dev.concurrency.point.service;

import dev.concurrency.point.Member;

public record MemberView(long id, String name) {

    public static MemberView of(Member member) {
        return new MemberView(member.id, member.name);
    }
}
