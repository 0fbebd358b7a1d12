"""What the Review screen's buttons do: one library write each, a refusal said above the
cards instead of an exception."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app_pages import state
from coding.errors import CodingError
from coding.labels import count_of
from coding.model import Action
from coding.review.cards import add_memo, code_episode, decide
from coding.review.undo import undo_last_act
from coding.store import Project


def decide_pair(path: Path, segment_id: str, code: str, coder: str, action: Action,
                new_code: str = "") -> None:
    write(path, decide, segment_id, code, action, coder, new_code=new_code)


def relabel(path: Path, segment_id: str, code: str, coder: str, key: str) -> None:
    if new_code := state.take_widget_value(key):
        decide_pair(path, segment_id, code, coder, Action.RELABEL, new_code)


def add_theme(path: Path, segment_id: str, coder: str, key: str) -> None:
    if code := state.take_widget_value(key):
        decide_pair(path, segment_id, code, coder, Action.CONFIRM)


def code_whole_episode(path: Path, segment_id: str, coder: str, key: str, episode: str) -> None:
    if (code := state.take_widget_value(key)) and (
            count := write(path, code_episode, segment_id, code, coder)):
        state.announce("success", f"Confirmed “{code}” on {count_of(count, 'segment')} of "
                                  f"episode {episode}. Undo takes all of them back.")


def undo_last(path: Path, coder: str) -> None:
    if offer := write(path, undo_last_act, coder):
        state.announce("info", f"Undone: {offer.description}.")


def memo(path: Path, segment_id: str, coder: str, key: str) -> None:
    write(path, add_memo, segment_id, coder, state.take_widget_value(key, empty=""))


def write(path: Path, act: Callable[..., object], *args: object, **kwargs: object) -> object:
    """One library write and its result; a refusal is said above the cards instead of an
    exception (and the result is None)."""
    try:
        with Project(path) as project:
            return act(project, *args, **kwargs)
    except CodingError as error:
        state.announce("error", error)
        return None
