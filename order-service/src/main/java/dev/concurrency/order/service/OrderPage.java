package dev.concurrency.order.service;

import java.util.List;

/** {@code {"items":[orders],"nextCursor"}}: a page of a member's orders, newest first. */
public record OrderPage(List<OrderView> items, String nextCursor) {
}
