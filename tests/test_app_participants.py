"""The Participants screen and pseudonymisation at import, in the real app (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coding.paths import default_key_path
from coding.people.pseudonyms import read_key
from coding.store import Project
from tests.conftest import APP

ATTRIBUTES = b"participant,role,site\nAmara Osei,physician,North\nBen Kowalski,nurse,South\n"


def _button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def _no_exception(app: AppTest) -> None:
    assert [e.value for e in app.exception] == []


def test_a_correction_in_the_speaker_table_is_saved_with_the_coder(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/participants.py").run()
    _no_exception(app)
    table = app.data_editor[0].value
    assert list(table["label"]) == ["Amara Osei", "Ben Kowalski", "Carmen Reyes", "Dev Patel",
                                    "Elena Novak", "Jordan Lee"]
    facilitator = list(table["label"]).index("Jordan Lee")
    app.session_state["speakers"] = {"edited_rows": {facilitator: {"participant": "Facilitator"}},
                                     "added_rows": [], "deleted_rows": []}
    _button(app.run(), "Save corrections").click().run()
    _no_exception(app)
    assert "Saved 1 correction(s)." in app.success[0].value
    with Project(path) as project:
        jordan = {e.label: e for e in project.speaker_map()}["Jordan Lee"]
    assert (jordan.participant, jordan.set_by) == ("Facilitator", "Ana")


def test_attributes_uploaded_here_give_a_heat_map_on_export(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/participants.py").run()
    app.get("file_uploader")[0].upload("people.csv", ATTRIBUTES)
    _button(app.run(), "Load attributes").click().run()
    _no_exception(app)
    assert "Loaded role, site." in app.success[0].value
    assert [s.value for s in app.run().success] == []  # said once, after the rerun only
    app.switch_page("app_pages/export.py").run()
    app.toggle[0].set_value(True).run()
    _no_exception(app)
    assert next(s for s in app.selectbox if s.label == "Attribute").options == ["role", "site"]
    assert len(app.get("plotly_chart")) == 3


def test_an_unknown_participant_in_the_attribute_file_is_named_on_screen(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/participants.py").run()
    app.get("file_uploader")[0].upload("people.csv", ATTRIBUTES + b"Zed Zulu,nurse,East\n")
    _button(app.run(), "Load attributes").click().run()
    assert app.error[0].value.startswith("row 4 of people.csv: 'Zed Zulu' is not a participant")
    with Project(path) as project:
        assert project.participant_attributes() == {}


def test_import_with_pseudonymisation_on_stores_no_real_name(app_home, two_meetings,
                                                             data_dir):
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["coder"] = "Ana"
    app.run()
    next(t for t in app.text_input if t.label == "Name of the new project").input("private")
    _button(app, "Create project").click().run()
    uploader = next(u for u in app.get("file_uploader") if u.accept_multiple_files)
    uploader.set_value([(p.name, p.read_bytes(), "text/plain")
                        for p in sorted(two_meetings.iterdir())])
    app.run()
    app.toggle[0].set_value(True).run()
    masks = next(u for u in app.get("file_uploader") if not u.accept_multiple_files)
    masks.upload("masks.txt", b"Okafor\nSt Mary's Hospice = [PLACE]\n")
    next(r for r in app.radio if r.label == "Codebook").set_value("Sample codebook").run()
    _button(app, "Import and suggest themes").click().run()
    _no_exception(app)
    assert app.success[0].value.startswith("Imported 2 transcripts;")
    project = app_home / "private.sqlite"
    assert read_key(default_key_path(project)) == {"Jane Smith": "P1", "Ben Kowalski": "P2"}
    data = b"".join(p.read_bytes() for p in app_home.glob("private.sqlite*"))  # with WAL
    assert b"Congratulations P1" in data  # the words are stored, masked
    assert [name for name in (b"Jane", b"Smith", b"Kowalski", b"Okafor", b"Mary")
            if name in data] == []
    app.switch_page("app_pages/participants.py").run()
    assert "This project is pseudonymised" in app.info[0].value
    assert list(app.data_editor[0].value["participant"]) == ["P1", "P2"]
