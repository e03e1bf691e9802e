package org.openjarvis.analytics.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RoomTest {

    private final Room room = new Room();

    @Test
    void reservationsAddUpAndReleasesGiveBack() {
        assertThat(room.reserve(10, 5, 100)).isTrue();
        assertThat(room.reserve(20, 5, 100)).isTrue();
        assertThat(room.count()).isEqualTo(2);
        assertThat(room.bytes()).isEqualTo(30);

        room.release(10);

        assertThat(room.count()).isEqualTo(1);
        assertThat(room.bytes()).isEqualTo(20);
    }

    @Test
    void aReservationBeyondTheCountIsRefusedAndLeavesNothingReserved() {
        assertThat(room.reserve(1, 1, 100)).isTrue();

        assertThat(room.reserve(1, 1, 100)).isFalse();

        assertThat(room.count()).isEqualTo(1);
        assertThat(room.bytes()).isEqualTo(1);
    }

    @Test
    void aReservationBeyondTheBytesIsRefusedAndLeavesNothingReserved() {
        assertThat(room.reserve(60, 10, 100)).isTrue();

        assertThat(room.reserve(41, 10, 100)).isFalse();

        assertThat(room.count()).isEqualTo(1);
        assertThat(room.bytes()).isEqualTo(60);
        assertThat(room.reserve(40, 10, 100)).as("exactly full fits").isTrue();
    }

    @Test
    void concurrentReservationsNeverExceedTheBounds() throws InterruptedException {
        int threads = 8;
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 1_000; j++) {
                    if (room.reserve(3, 50, 120)) {
                        granted.incrementAndGet();
                    }
                }
            });
            workers[i].start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(granted.get()).isEqualTo(40); // 120 bytes / 3 binds before 50 items
        assertThat(room.count()).isEqualTo(40);
        assertThat(room.bytes()).isEqualTo(120);
    }
}
