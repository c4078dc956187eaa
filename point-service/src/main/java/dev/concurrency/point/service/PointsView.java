package dev.concurrency.point.service;

import dev.concurrency.point.Points;

public record PointsView(long memberId, long balance, long held, long available) {

    public static PointsView of(long memberId, Points points) {
        return new PointsView(memberId, points.balance(), points.held(), points.available());
    }
}
