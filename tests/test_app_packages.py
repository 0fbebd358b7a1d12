"""The Coder packages screen: a coder downloads their decisions, the lead uploads
packages into the master; Agreement and Reconcile then see every coder."""

from __future__ import annotations

from coding.model import Action, Decision
from coding.review.cards import ReviewFilter, find_segments, segment_cards
from coding.review.packages import export_package
from coding.store import Project

PAGE = "app_pages/packages.py"


def _coded_copy(master, folder, coder: str, reject: int | None = None) -> bytes:
    """A copy of the master coded by ``coder`` (three confirms, one rejected), exported."""
    copy = folder / coder / master.name
    copy.parent.mkdir()
    copy.write_bytes(master.read_bytes())
    with Project(copy) as project:
        cards = segment_cards(project, find_segments(project, ReviewFilter())[:3])
        project.record_decisions([
            Decision(card.id, card.themes[0].code,
                     Action.REJECT if n == reject else Action.CONFIRM, coder=coder,
                     decided_at=f"2026-03-0{n + 1}T09:00:00+00:00")
            for n, card in enumerate(cards)])
        return export_package(project, coder)


def _no_exception(app) -> None:
    assert [e.value for e in app.exception] == []


def test_the_lead_uploads_two_packages_and_a_bad_file_then_reconciles(app_with_sample, tmp_path):
    app, master = app_with_sample
    ana = _coded_copy(master, tmp_path, "Ana")
    ben = _coded_copy(master, tmp_path, "Ben", reject=1)
    app.run().switch_page(PAGE).run()
    _no_exception(app)
    button = next(b for b in app.button if b.label == "Import packages")
    assert button.disabled
    uploader, = app.get("file_uploader")
    uploader.set_value([("ana.package.json", ana, "application/json"),
                        ("notes.json", b"{}", "application/json"),
                        ("ben.package.json", ben, "application/json")])
    app.run()
    next(b for b in app.button if b.label == "Import packages").click().run()
    _no_exception(app)
    assert [s.value for s in app.success] == [
        "ana.package.json: 3 decision(s) of Ana added, 0 already in the project.",
        "ben.package.json: 3 decision(s) of Ben added, 0 already in the project."]
    assert app.error[0].value.startswith("notes.json: not a coder package")
    assert app.get("file_uploader")[0].value in (None, [])  # emptied for the next batch
    assert any("by: Ana, Ben." in c.value for c in app.caption)

    app.switch_page("app_pages/reconcile.py").run()
    _no_exception(app)
    assert "1 disagreement(s)" in app.caption[0].value
    assert any("Ana: applied" in m.value for m in app.markdown)
    assert any("Ben: not applied" in m.value for m in app.markdown)
    app.switch_page("app_pages/agreement.py").run()
    _no_exception(app)
    assert {m.label: m.value for m in app.metric}["Segments compared"] == "3"


def test_a_coder_without_decisions_is_told_so_and_with_some_gets_the_download(app_with_sample):
    app, master = app_with_sample
    app.run().switch_page(PAGE).run()
    _no_exception(app)
    assert "'Ana' has no decisions or memos" in app.info[0].value
    with Project(master) as project:
        segment = find_segments(project, ReviewFilter())[0]
        project.record_decisions([Decision(segment, "", Action.MEMO, coder="Ana",
                                           memo="ask Ben")])
    app.run()
    _no_exception(app)
    download, = app.get("download_button")
    assert download.proto.label == "Download my decisions and memos (Ana)"
    assert download.proto.ignore_rerun  # downloading does not rerun the screen
