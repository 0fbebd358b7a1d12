"""The app in server mode (AppTest): sign-in, members, and the roles it cannot get round."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coding.store import Project, parse_address
from tests.conftest import APP, PASSWORD


@pytest.fixture
def server_app(app_home, postgres, monkeypatch):
    """The app pointed at the test server (as FOCUS_CODING_SERVER does for a lab)."""
    monkeypatch.setenv("FOCUS_CODING_SERVER", postgres.url())

    def signed_in(name: str | None, project: str | None = None) -> AppTest:
        app = AppTest.from_file(str(APP), default_timeout=120)
        if name:
            app.session_state["account"] = name
        if project:
            app.query_params["project"] = parse_address(project).name
        return app

    return signed_in


def _no_exception(app) -> None:
    assert [e.value for e in app.exception] == []


def _by_label(elements, label):
    return next(e for e in elements if e.label == label)


def test_nothing_shows_before_sign_in_and_a_wrong_password_is_refused(server_app, people,
                                                                      team_project):
    app = server_app(None, team_project).run()
    _no_exception(app)
    assert app.title[0].value == "Sign in" and not app.dataframe
    _by_label(app.text_input, "Account name").input(people["coder"])
    _by_label(app.text_input, "Password").input("wrong password!")
    _by_label(app.button, "Sign in").click().run()
    assert "the name or the password is wrong" in app.error[0].value
    _by_label(app.text_input, "Password").input(PASSWORD)
    _by_label(app.button, "Sign in").click().run()
    _no_exception(app)
    assert app.title[0].value == "Project"
    assert parse_address(team_project).name in _by_label(app.selectbox, "Project").options


def test_a_non_member_cannot_open_the_project_in_the_app(server_app, people, team_project):
    app = server_app(people["stranger"], team_project).run()
    _no_exception(app)
    name = parse_address(team_project).name
    assert "has no project named" in app.error[0].value
    assert not app.dataframe and not app.metric  # nothing of it shows
    assert [s for s in app.selectbox if s.label == "Project"] == []  # and it is not listed
    app.switch_page("app_pages/review.py").run()
    assert not app.get("progress") and name not in "".join(m.value for m in app.markdown)


def test_a_coder_cannot_change_the_codebook_in_the_app(server_app, people, team_project):
    app = server_app(people["coder"], team_project).run()
    app.switch_page("app_pages/codebook.py").run()
    _no_exception(app)
    _by_label(app.text_area, "Definition").input("A coder's definition.")
    _by_label(app.button, "Save theme").click().run()
    assert "changing the codebook is for the project's lead" in app.error[0].value
    with Project(team_project) as project:
        assert project.codebook().codes[0].definition != "A coder's definition."


def test_a_coder_cannot_turn_blind_coding_on_in_the_app(server_app, people, team_project):
    app = server_app(people["coder"], team_project).run()
    app.switch_page("app_pages/reconcile.py").run()
    next(t for t in app.toggle if t.label.startswith("Blind coding")).set_value(True).run()
    assert any("for the project's lead" in e.value for e in app.error)
    with Project(team_project) as project:
        assert not project.blind()


def test_a_viewer_cannot_decide_in_the_app_and_a_coder_can(server_app, people, team_project):
    viewer = server_app(people["viewer"], team_project).run()
    viewer.switch_page("app_pages/review.py").run()
    _no_exception(viewer)
    _by_label(viewer.button, "Confirm").click().run()
    assert any("a viewer may read and export" in e.value for e in viewer.error)
    coder = server_app(people["coder"], team_project).run()
    coder.switch_page("app_pages/review.py").run()
    _by_label(coder.button, "Confirm").click().run()
    _no_exception(coder)
    with Project(team_project) as project:
        assert [d.coder for d in project.decisions()][-1:] == [people["coder"]]


def test_the_lead_adds_a_member_on_the_members_screen(server_app, people, team_project):
    app = server_app(people["lead"], team_project).run()
    app.switch_page("app_pages/members.py").run()
    _no_exception(app)
    assert set(app.dataframe[0].value["member"]) == {people[r] for r in
                                                     ("lead", "coder", "viewer")}
    _by_label(app.text_input, "Account name").input(people["stranger"])
    _by_label(app.radio, "Role").set_value("viewer")
    _by_label(app.button, "Save").click().run()
    _no_exception(app)
    with Project(team_project) as project:
        assert project.member_role(people["stranger"]) == "viewer"
    coder = server_app(people["coder"], team_project).run()
    coder.switch_page("app_pages/members.py").run()
    assert _by_label(coder.button, "Save").disabled
