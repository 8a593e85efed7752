package org.hearth.core.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PusherWorkersTest {
    private static final PusherWorkers.Key HANGING = new PusherWorkers.Key("@a:example.org", "app", "hanging");
    private static final PusherWorkers.Key LIVE = new PusherWorkers.Key("@b:example.org", "app", "live");

    @Test
    void aPusherThatHangsHoldsUpNoOther() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch liveRan = new CountDownLatch(1);
        PusherWorkers workers = new PusherWorkers((key, badge) -> {
            if (key.equals(HANGING)) {
                release.await();
            } else {
                liveRan.countDown();
            }
            return PusherWorkers.DONE;
        }, 2);
        try {
            workers.wake(HANGING, false);
            workers.wake(LIVE, false);
            assertTrue(liveRan.await(10, TimeUnit.SECONDS), "the live pusher ran while the other hung");
        } finally {
            release.countDown();
            workers.stop();
        }
    }

    @Test
    void aPusherRunsOnceAtATimeAndOnceMoreForTheWakesMeanwhile() throws InterruptedException {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        PusherWorkers workers = new PusherWorkers((key, badge) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (runs.incrementAndGet() == 1) {
                    firstStarted.countDown();
                    release.await();
                } else {
                    secondDone.countDown();
                }
                return PusherWorkers.DONE;
            } finally {
                running.decrementAndGet();
            }
        }, 4);
        try {
            workers.wake(LIVE, false);
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                workers.wake(LIVE, i == 5);
            }
            release.countDown();
            assertTrue(secondDone.await(10, TimeUnit.SECONDS), "woken while running: it runs again");
        } finally {
            workers.stop();
        }
        assertEquals(2, runs.get(), "the ten wakes made one more run");
        assertEquals(1, mostAtOnce.get(), "never two runs of one pusher at once");
    }

    @Test
    void aPusherThatMustWaitRunsAgainAfterItsWaitUnwoken() throws InterruptedException {
        CountDownLatch again = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger badges = new AtomicInteger();
        PusherWorkers workers = new PusherWorkers((key, badge) -> {
            if (badge) {
                badges.incrementAndGet();
            }
            if (runs.incrementAndGet() == 1) {
                return 50; // backing off
            }
            again.countDown();
            return PusherWorkers.DONE;
        }, 1);
        try {
            workers.wake(LIVE, true);
            assertTrue(again.await(10, TimeUnit.SECONDS), "the timer woke it");
        } finally {
            workers.stop();
        }
        assertEquals(2, badges.get(), "the badge not sent while waiting is asked for again");
    }
}
