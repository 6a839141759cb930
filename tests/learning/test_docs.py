"""docs/LEARNING.md stays true: its example justification is what learning writes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from pressroom.learning import service
from tests.factories import make_brand
from tests.learning.factories import NOW, make_question_wins_on_x

DOC = Path(__file__).parents[2] / "docs" / "LEARNING.md"


def test_the_documented_example_is_what_learning_writes(session: Session) -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("```text\n", text.index("## Example")) + len("```text\n")
    documented = text[start : text.index("```", start)].strip()
    brand = make_brand(session)
    make_question_wins_on_x(session, brand)
    record = service.learn(session, brand=brand, now=NOW, actor="docs", trace_id="docs")
    assert record.justification == documented
    changes = {c["path"]: (c["from"], c["to"]) for c in record.changes if "from" in c}
    assert changes == {
        "hook_weights.question": (1.0, 1.583),
        "hook_weights.statement": (1.0, 0.571),
        "channel_hook_weights.x.question": (1.0, 2.0),
        "channel_hook_weights.x.statement": (1.0, 0.5),
    }
    for path, (old, new) in changes.items():
        assert f"`{path}` {old:g} → {new:g}" in text
