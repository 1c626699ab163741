"""require_review: of a pair file, only the pairs approved in the console's pair review."""

import json

from services.executor.context import StepContext
from services.executor.steps.training_load.parsing import pair_items
from shared.db import pair_reviews
from shared.pair_review import item_key


async def approved_only(ctx: StepContext, name: str, text: str) -> str:
    items = pair_items(text)
    approved = await pair_reviews.approved_keys(ctx.pool, ctx.task_id)
    kept = [item for item in items if item_key(item) in approved]
    ctx.log.info(f"{name}: 需要审核 (require_review)，加载已通过的 {len(kept)}/{len(items)} 条")
    return json.dumps(kept, ensure_ascii=False)
