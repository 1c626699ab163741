"""P1 dispatch latency: POST /tasks/{id}/execute -> the executor marks the execution running
(its claim's server time minus the wall time just before the POST), one at a time, next POST
after the step finished; vs an aio-pika publish (confirmed, persistent) -> consume round trip.

    python -m bench.p1_dispatch [--repeats 5] [--smoke]"""

import asyncio
import time
import uuid

import aio_pika

from bench.cli import run_one
from bench.env import Env
from bench.rows import Row
from bench.stack import Stack, service_stack
from bench.stats import interleaved, percentile
from bench.tasks import create_task, finished
from shared.clock import utcnow

KEY = "P1"


async def aio_pika_samples(amqp_url: str, n: int) -> list[float]:
    """Seconds from just before each publish to its delivery on a second connection."""
    publisher, consumer = await aio_pika.connect(amqp_url), await aio_pika.connect(amqp_url)
    try:
        send, receive = await publisher.channel(), await consumer.channel()
        await receive.set_qos(prefetch_count=1)
        queue = await receive.declare_queue(f"dp_bench_p1_{uuid.uuid4().hex[:8]}", auto_delete=True)
        arrived: asyncio.Queue[float] = asyncio.Queue()

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            arrived.put_nowait(time.perf_counter())
            await message.ack()

        await queue.consume(on_message)
        samples = []
        for i in range(n):
            began = time.perf_counter()
            body = aio_pika.Message(
                b'{"n": %d}' % i, delivery_mode=aio_pika.DeliveryMode.PERSISTENT
            )
            await send.default_exchange.publish(body, routing_key=queue.name)
            samples.append(await arrived.get() - began)
        return samples
    finally:
        await publisher.close()
        await consumer.close()


async def project_samples(stack: Stack, n: int) -> list[float]:
    task_ids = [await create_task(stack, ["bss_company"]) for _ in range(n)]
    samples = []
    for task_id in task_ids:
        began = utcnow()
        data = await stack.api.call("POST", f"/tasks/{task_id}/execute", {"step": "ddl_generation"})
        row = await finished(stack, str(data["execution_id"]))
        assert row.started_at is not None
        samples.append((row.started_at - began).total_seconds())
    return samples


async def measure(env: Env, repeats: int | None) -> Row:
    n = 3 if env.smoke else 40
    repeats = repeats or (1 if env.smoke else 5)
    async with service_stack(env, await env.highway_url(), name="p1") as stack:
        await project_samples(stack, 2)  # warm-up
        runs = await interleaved(
            repeats, lambda: aio_pika_samples(env.amqp_url, n), lambda: project_samples(stack, n)
        )
    base, proj = ([s for run in side for s in run] for side in runs)
    p50, p99 = percentile(proj, 50) * 1000, percentile(proj, 99) * 1000
    b50, b99 = percentile(base, 50) * 1000, percentile(base, 99) * 1000
    return Row(
        KEY,
        "POST execute → execution running (one at a time)",
        f"aio-pika publish→consume p50 {b50:.2f} ms, p99 {b99:.2f} ms",
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms",
        f"{p50 / b50:.1f}x aio-pika (p50)",
        "p50 ≤ 6 ms, p99 ≤ 20 ms",
        p50 <= 6 and p99 <= 20,
        "python -m bench.p1_dispatch",
        f"{repeats} repeats × {n} samples each side, interleaved; project latency = the claim's "
        "server time (now() in the claim UPDATE) minus the wall time just before the POST.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
