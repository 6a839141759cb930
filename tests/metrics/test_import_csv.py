from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pressroom.audit.models import AuditEvent
from pressroom.brands.models import Brand
from pressroom.errors import ErrorCode, PressroomError
from pressroom.metrics import service
from pressroom.metrics.models import MetricSnapshot
from pressroom.metrics.schemas import ImportReport
from pressroom.writing.models import Piece
from tests.factories import make_brand
from tests.metrics.factories import T0, make_piece, make_publish_job, make_snapshot

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def brand(session: Session) -> Brand:
    return make_brand(session)


@pytest.fixture
def piece(session: Session, brand: Brand) -> Piece:
    return make_piece(session, brand, channel="x")


def write(tmp_path: Path, text: str | bytes, name: str = "metrics.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_import(session: Session, path: Path, **kwargs: object) -> ImportReport:
    return service.import_csv(
        session,
        path=path,
        actor="tester",
        trace_id="trace-metrics",
        default_collected_at=NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def snapshots(session: Session) -> list[MetricSnapshot]:
    return list(session.scalars(select(MetricSnapshot).order_by(MetricSnapshot.collected_at)))


def test_good_rows_are_imported_with_every_column(
    session: Session, tmp_path: Path, piece: Piece
) -> None:
    path = write(
        tmp_path,
        "piece_id,impressions,collected_at,reach,likes,comments,shares,saves,clicks,"
        "watch_through,followers_delta,channel\n"
        f"{piece.id},1200,2026-03-02T10:00:00+02:00,900,50,7,3,2,11,0.41,-4,x\n",
    )
    report = run_import(session, path)
    assert report == ImportReport(imported=1)
    [stored] = snapshots(session)
    assert stored.collected_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert (stored.impressions, stored.reach, stored.likes, stored.comments) == (1200, 900, 50, 7)
    assert (stored.shares, stored.saves, stored.clicks) == (3, 2, 11)
    assert stored.watch_through == pytest.approx(0.41)
    assert stored.followers_delta == -4
    assert (stored.channel, stored.source) == ("x", "csv")


def test_missing_required_columns_import_nothing(
    session: Session, tmp_path: Path, piece: Piece
) -> None:
    make_snapshot(session, piece, impressions=10, likes=1)
    path = write(tmp_path, f"piece_id,likes,reach\n{piece.id},5,100\n")
    with pytest.raises(PressroomError) as caught:
        run_import(session, path)
    assert caught.value.code == ErrorCode.CSV_MISSING_COLUMNS
    assert "impressions" in caught.value.message
    assert caught.value.details["missing"] == ["impressions"]
    assert "watch_through" in (caught.value.hint or "")
    [kept] = snapshots(session)
    assert (kept.impressions, kept.likes) == (10, 1)


def test_missing_id_column_is_named(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path, "post,impressions\nabc,5\n")
    with pytest.raises(PressroomError) as caught:
        run_import(session, path)
    assert caught.value.code == ErrorCode.CSV_MISSING_COLUMNS
    assert caught.value.details["missing"] == ["piece_id (or post_id)"]
    assert snapshots(session) == []


def test_bad_rows_are_rejected_with_line_numbers_and_good_rows_kept(
    session: Session, tmp_path: Path, brand: Brand, piece: Piece
) -> None:
    other = make_piece(session, brand, channel="linkedin")
    path = write(
        tmp_path,
        "piece_id,impressions,likes,watch_through,collected_at\n"  # line 1
        f"{piece.id},100,5,,2026-03-01\n"  # 2: good
        f"{piece.id},lots,5,,2026-03-02\n"  # 3: not a number
        f"{piece.id},100,-5,,2026-03-03\n"  # 4: negative count
        f"{piece.id},100,5,1.5,2026-03-04\n"  # 5: watch_through out of range
        "no-such-piece,100,5,,2026-03-05\n"  # 6: unknown piece
        f"{other.id},100,500,,2026-03-06\n"  # 7: good (likes > impressions is fine)
        f"{piece.id},1.200,5,,2026-03-07\n"  # 8: ambiguous thousands separator
        f"{piece.id},100,5,,yesterday\n"  # 9: not ISO 8601
        f"{piece.id},,5,,2026-03-09\n"  # 10: required value empty
        f"{piece.id},100,5\n"  # 11: too few fields
        f"{piece.id},100,5,140%,2026-03-10\n",  # 12: percentage above 100
    )
    report = run_import(session, path)
    assert report.imported == 2
    assert [line for line, _ in report.rejected] == [3, 4, 5, 6, 8, 9, 10, 11, 12]
    reasons = dict(report.rejected)
    assert "impressions 'lots' is not a whole number" in reasons[3]
    assert "negative" in reasons[4]
    assert "out of range" in reasons[5]
    assert "unknown piece_id 'no-such-piece'" in reasons[6]
    assert "'1.200' is ambiguous" in reasons[8]
    assert "ISO 8601" in reasons[9]
    assert reasons[10] == "impressions is empty"
    assert reasons[11] == "has 3 fields but the header has 5"
    assert "out of range" in reasons[12]
    assert {(s.piece_id, s.likes) for s in snapshots(session)} == {(piece.id, 5), (other.id, 500)}


def test_bom_semicolons_and_thousands_separators(
    session: Session, tmp_path: Path, piece: Piece
) -> None:
    text = (
        " Piece ID ; IMPRESSIONS ;Likes;Watch-Through;Followers Delta;Engagements\r\n"
        f"{piece.id};1,200;1 050;41,5%;−3;999\r\n"
    )
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = run_import(session, path)
    assert report.imported == 1
    assert report.rejected == []
    assert report.ignored_columns == ["Engagements"]
    [stored] = snapshots(session)
    assert (stored.impressions, stored.likes, stored.followers_delta) == (1200, 1050, -3)
    assert stored.watch_through == pytest.approx(0.415)
    assert stored.collected_at == NOW


def test_quoted_thousands_with_comma_delimiter_and_utf16(
    session: Session, tmp_path: Path, piece: Piece
) -> None:
    text = (
        "piece_id,impressions,reach,clicks,collected_at\n"
        f'{piece.id},"12,345,678",1200.0,"1,000",2026-03-01 09:00\n'
    )
    report = run_import(session, write(tmp_path, text.encode("utf-16")))
    assert report.imported == 1
    [stored] = snapshots(session)
    assert (stored.impressions, stored.reach, stored.clicks) == (12_345_678, 1200, 1000)
    assert stored.collected_at == T0


def test_tab_separated_export(session: Session, tmp_path: Path, piece: Piece) -> None:
    report = run_import(
        session, write(tmp_path, f"piece_id\timpressions\tsaves\n{piece.id}\t300\t12\n")
    )
    assert report.imported == 1
    assert snapshots(session)[0].saves == 12


def test_reimport_is_idempotent_and_updates_changed_values(
    session: Session, tmp_path: Path, brand: Brand, piece: Piece
) -> None:
    other = make_piece(session, brand, channel="linkedin")
    header = "piece_id,impressions,likes,collected_at\n"
    rows = f"{piece.id},100,5,2026-03-01T09:00Z\n{other.id},200,9,2026-03-01T09:00Z\n"
    path = write(tmp_path, header + rows)
    assert run_import(session, path) == ImportReport(imported=2)
    assert run_import(session, path) == ImportReport(unchanged=2)
    path.write_text(header + rows.replace(",100,5,", ",150,8,"), encoding="utf-8")
    assert run_import(session, path) == ImportReport(updated=1, unchanged=1)
    stored = {s.piece_id: (s.impressions, s.likes) for s in snapshots(session)}
    assert stored == {piece.id: (150, 8), other.id: (200, 9)}
    assert len(snapshots(session)) == 2


def test_unknown_and_ambiguous_piece_references(
    session: Session, tmp_path: Path, brand: Brand
) -> None:
    first = make_piece(session, brand, id="abcdef01-0000-4000-8000-000000000001")
    make_piece(session, brand, channel="linkedin", id="abcdef02-0000-4000-8000-000000000002")
    path = write(
        tmp_path,
        "piece_id,impressions\n"
        "abcdef01,10\n"  # unique prefix, as `pressroom review list` shows ids
        "abcdef0,10\n"  # matches both pieces
        "abc,10\n"  # too short to be a prefix
        "abcdef99,10\n"
        "abcdef0_,10\n",  # LIKE wildcards in a prefix are taken literally
    )
    report = run_import(session, path)
    assert report.imported == 1
    assert snapshots(session)[0].piece_id == first.id
    reasons = dict(report.rejected)
    assert "matches several pieces" in reasons[3]
    assert reasons[4] == "unknown piece_id 'abc'"
    assert reasons[5] == "unknown piece_id 'abcdef99'"
    assert reasons[6] == "unknown piece_id 'abcdef0_'"


def test_post_id_matches_publish_job_or_external_id(
    session: Session, tmp_path: Path, brand: Brand, piece: Piece
) -> None:
    job = make_publish_job(session, piece, external_id="1789001")
    reel = make_piece(session, brand, channel="instagram-reel")
    make_publish_job(session, reel, external_id="1789002")
    path = write(
        tmp_path,
        "Post ID,Platform,Impressions,collected_at\n"
        "1789001,Twitter,100,2026-03-02\n"  # external id, channel alias
        f"{job.id},,110,2026-03-03\n"  # the publish job's id
        "1789002,linkedin,50,2026-03-02\n"  # channel does not match the piece
        "999,,10,2026-03-02\n",
    )
    report = run_import(session, path)
    assert report.imported == 2
    assert {s.piece_id for s in snapshots(session)} == {piece.id}
    reasons = dict(report.rejected)
    assert reasons[4] == "channel 'linkedin' does not match the piece's channel 'instagram-reel'"
    assert reasons[5] == "unknown post_id '999' (no publish job has it)"


def test_post_id_shared_by_two_channels_needs_a_channel(
    session: Session, tmp_path: Path, brand: Brand, piece: Piece
) -> None:
    make_publish_job(session, piece, external_id="42")
    linkedin = make_piece(session, brand, channel="linkedin")
    make_publish_job(session, linkedin, external_id="42")
    path = write(tmp_path, "post_id,channel,impressions\n42,,10\n42,linkedin,20\n")
    report = run_import(session, path)
    assert report.imported == 1
    assert [(s.piece_id, s.impressions) for s in snapshots(session)] == [(linkedin.id, 20)]
    assert "matches several posts" in dict(report.rejected)[2]


def test_piece_id_and_post_id_must_agree(
    session: Session, tmp_path: Path, brand: Brand, piece: Piece
) -> None:
    other = make_piece(session, brand, channel="linkedin")
    make_publish_job(session, other, external_id="7")
    path = write(tmp_path, f"piece_id,post_id,impressions\n{piece.id},7,10\n")
    report = run_import(session, path)
    assert report.imported == 0
    assert "name different pieces" in dict(report.rejected)[2]


def test_duplicate_rows_in_the_file(session: Session, tmp_path: Path, piece: Piece) -> None:
    path = write(
        tmp_path,
        "piece_id,impressions,likes,collected_at\n"
        f"{piece.id},100,5,2026-03-01T09:00Z\n"
        f"{piece.id},100,5,2026-03-01T10:00+01:00\n"  # the same moment, written differently
        f"{piece.id},100,5,2026-03-02\n"
        f"{piece.id},120,6,2026-03-02\n",  # same moment as line 4, other numbers
    )
    report = run_import(session, path)
    assert report.imported == 1
    assert report.rejected == [
        (3, "repeats line 2 (same piece and collected_at)"),
        (4, "conflicts with line(s) 5: same piece and collected_at, different values"),
        (5, "conflicts with line(s) 4: same piece and collected_at, different values"),
    ]
    assert [s.collected_at for s in snapshots(session)] == [T0]


def test_brand_filter_rejects_other_brands_pieces(
    session: Session, tmp_path: Path, brand: Brand, piece: Piece
) -> None:
    other_brand = make_brand(session, slug="other-brand", name="Other")
    foreign = make_piece(session, other_brand)
    path = write(tmp_path, f"piece_id,impressions\n{piece.id},10\n{foreign.id},10\n")
    report = run_import(session, path, brand_id=brand.id)
    assert report.imported == 1
    assert dict(report.rejected)[3] == f"piece {foreign.id} belongs to another brand"


def test_blank_lines_and_empty_trailing_rows_are_skipped(
    session: Session, tmp_path: Path, piece: Piece
) -> None:
    path = write(tmp_path, f"\npiece_id,impressions\n\n{piece.id},10\n,\n")
    report = run_import(session, path)
    assert report == ImportReport(imported=1)


def test_import_is_audited(session: Session, tmp_path: Path, piece: Piece) -> None:
    path = write(tmp_path, f"piece_id,impressions\n{piece.id},10\nnope,1\n")
    run_import(session, path)
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "metrics_import")
    ).all()
    assert (event.action, event.actor, event.trace_id) == ("imported", "tester", "trace-metrics")
    assert event.after is not None
    assert event.after["imported"] == 1
    assert event.after["rejected"] == 1
    assert event.after["file"] == "metrics.csv"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"piece_id,impressions\n", "no rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"piece_id,impressions\nabc,\xff\xfe12\n", "not UTF-8"),
        (b'piece_id,impressions\n"abc"x,12\n', "not valid CSV"),
        (b"piece_id,Impressions,impressions\nabc,1,2\n", "twice"),
    ],
)
def test_unreadable_files_import_nothing(
    session: Session, tmp_path: Path, piece: Piece, content: bytes, message: str
) -> None:
    make_snapshot(session, piece, impressions=10)
    with pytest.raises(PressroomError) as caught:
        run_import(session, write(tmp_path, content))
    assert caught.value.code == ErrorCode.CSV_UNREADABLE
    assert message in caught.value.message
    assert [s.impressions for s in snapshots(session)] == [10]


def test_missing_file_is_unreadable(session: Session, tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as caught:
        run_import(session, tmp_path / "absent.csv")
    assert caught.value.code == ErrorCode.CSV_UNREADABLE
    with pytest.raises(PressroomError) as caught:
        run_import(session, tmp_path)
    assert caught.value.code == ErrorCode.CSV_UNREADABLE


def test_default_collected_at_must_be_aware(session: Session, tmp_path: Path) -> None:
    with pytest.raises(PressroomError) as caught:
        service.import_csv(
            session,
            path=write(tmp_path, "piece_id,impressions\n"),
            actor="t",
            trace_id="t",
            default_collected_at=datetime(2026, 3, 1),
        )
    assert caught.value.code == ErrorCode.INVALID_INPUT
