"""Topical episodes and the segmentation harness: metrics, decoding, the shipped model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coding.cli import main
from coding.evaluate.segmentation import f1_within, masses, score
from coding.topical import BoundaryModel, MeetingTurns, decode


def test_f1_within_three_turns_matches_one_to_one_as_worked_by_hand():
    # gold 10, 50; predicted 12 (matches 10), 13 (10 already taken), 80 (nothing near)
    # precision 1/3, recall 1/2 -> F1 = 2 * (1/3 * 1/2) / (1/3 + 1/2) = 0.4
    assert f1_within([12, 13, 80], [10, 50]) == pytest.approx(0.4)
    assert f1_within([], [10]) == 0.0


def test_perfect_and_empty_predictions_score_as_expected():
    gold = [30, 60]
    assert masses(gold, 100) == (30, 30, 40)
    perfect = score(gold, gold, 100)
    assert (perfect["pk"], perfect["wd"], perfect["b"], perfect["f1_3"]) == (0, 0, 1, 1)
    empty = score([], gold, 100)
    assert empty["segments"] == 1 and empty["pk"] > 0 and empty["f1_3"] == 0


def test_decoding_keeps_the_strongest_boundaries_at_least_min_turns_apart():
    probabilities = np.zeros(99)
    probabilities[[19, 24, 59, 95]] = [0.9, 0.95, 0.99, 0.99]  # gaps 20, 25, 60, 96
    assert decode(probabilities, 100, threshold=0.85, min_turns=10) == [25, 60]


def _two_topic_meeting(rng: np.random.Generator) -> MeetingTurns:
    topics = rng.normal(size=(2, 384))
    vectors, texts, speakers = [], [], []
    for turn in range(120):
        topic = 0 if turn < 60 else 1
        vector = topics[topic] + 0.8 * rng.normal(size=384)
        vectors.append(vector / np.linalg.norm(vector))
        speakers.append(("A", "B")[turn % 2] if topic == 0 else ("C", "D")[turn % 2])
        texts.append("Okay, so let's move on to the budget." if turn == 60 else
                     "we were talking about this and that for a while now")
    return MeetingTurns(texts=texts, speakers=speakers, vectors=np.array(vectors),
                        starts=[float(5 * t) for t in range(120)],
                        ends=[float(5 * t + 4) for t in range(120)])


def test_the_shipped_model_finds_a_clear_topic_shift():
    model = BoundaryModel.load()
    found = model.boundaries(_two_topic_meeting(np.random.default_rng(0)))
    assert any(abs(boundary - 60) <= 3 for boundary in found)
    assert all(b >= model.min_turns for b in found)


def test_a_saved_model_loads_back_equal(tmp_path):
    model = BoundaryModel.load()
    model.save(tmp_path / "model.json")
    assert BoundaryModel.load(tmp_path / "model.json") == model


@pytest.mark.slow  # `coding eval` measures the bundled model; it makes its own Embedder
def test_eval_segmentation_prints_baselines_beside_the_product(tmp_path, capsys):
    folder = tmp_path / "ami"
    folder.mkdir()
    for number in range(2):
        turns = [{"speaker": "AB"[t % 2] if t < 40 else "CD"[t % 2],
                  "text": (f"we talk about remote control buttons {t}" if t < 40 else
                           f"the budget and the price of batteries {t}"),
                  "start": 3.0 * t, "end": 3.0 * t + 2} for t in range(80)]
        (folder / f"M{number}.json").write_text(json.dumps(
            {"meeting_id": f"M{number}", "turns": turns, "boundaries": [40]}))
    out = tmp_path / "results.json"
    code = main(["eval", "segmentation", str(tmp_path), "--json", str(out),
                 "--cache", str(tmp_path / "cache.sqlite")])
    assert code == 0
    report = json.loads(out.read_text())
    assert report["meetings"] == 2
    methods = [row["method"] for row in report["results"]]
    assert methods[:4] == ["no boundary", "equidistant (gold count)", "random (gold count)",
                           "tf-idf texttiling"]
    assert "topical (product)" in methods
    for row in report["results"]:
        assert {"pk", "wd", "b", "f1_3", "segments"} <= row.keys()
    assert "no boundary" in capsys.readouterr().out


def test_eval_segmentation_names_a_folder_without_meetings(tmp_path, capsys):
    assert main(["eval", "segmentation", str(tmp_path)]) == 2
    assert "no meeting files" in capsys.readouterr().err


def test_episode_labels_name_what_sets_each_episode_apart():
    from coding.topical import episode_labels

    labels = episode_labels(["Yeah, um, the budget, the budget is tight, okay.",
                             "Okay so the battery charger, the battery charger again, yeah."])
    assert "budget" in labels[0] and "battery charger" in labels[1]  # a phrase, not a word
    assert not any(filler in " ".join(labels) for filler in ("yeah", "okay", "um"))


def test_every_turn_of_the_sample_study_lies_in_exactly_one_labelled_episode(sample_project):
    from coding.report.tables import segment_table
    from coding.review.cards import ReviewFilter, find_segments, segment_cards
    from coding.store import Project

    with Project(sample_project) as project:
        for row in project.table_rows("transcripts"):
            turns = [turn.index for turn in project.turns(row["id"])]
            episodes = project.episodes(row["id"])
            covered = [i for e in episodes for i in range(e.start_turn, e.end_turn + 1)]
            assert covered == turns
            assert all(e.label for e in episodes)
            assert [e.number for e in episodes] == list(range(1, len(episodes) + 1))
        table = segment_table(project, include_suggested=True)
        card = segment_cards(project, find_segments(project, ReviewFilter())[:1])[0]
    assert table["episode"].str.match(r"^\d+\. \S").all()
    assert card.episode.split(". ")[0].isdigit()


def test_episode_headings_never_name_a_speaker_or_say_a_phrase_said_once():
    from coding.topical import episode_labels

    labels = episode_labels(["Elena said the parking garage, the parking garage is full.",
                             "Elena, the grant deadline is near, the grant deadline."],
                            names={"elena"})
    assert "parking garage" in labels[0] and "grant deadline" in labels[1]
    assert "elena" not in " ".join(labels)
    once = episode_labels(["the budget, the budget and a hot dog", "the battery"])[0]
    assert "hot dog" not in once


def test_a_heading_is_at_most_two_phrases_and_holds_the_phrase_its_episode_repeats():
    from coding.topical import episode_labels

    snow = ("We got eight inches of snow. Dana shovelled the driveway twice, and the snow "
            "kept coming, so the driveway was white again by noon.")
    grant = ("The grant deadline moved. Dana thinks the grant budget is too small, and the "
             "grant deadline is Friday in March, honestly.")
    labels = episode_labels([snow, grant], names={"dana"})
    assert all(len(label.split(" · ")) <= 2 for label in labels)
    # said once, "inches of snow" leads: the episode says "snow" again
    assert labels[0].split(" · ")[0] == "inches of snow" and "driveway" in labels[0]
    assert "grant deadline" in labels[1]
    heading_words = " ".join(labels).split()
    assert not {"dana", "march", "friday", "honestly", "eight"} & set(heading_words)


def test_sample_study_headings_name_no_participant_and_read_as_phrases(sample_project):
    from coding.store import Project
    from coding.talk import label_fault, words

    with Project(sample_project) as project:
        names = {w.lower() for p in project.participants() for w in words(p)}
        labels = [e.label for row in project.table_rows("transcripts")
                  for e in project.episodes(row["id"])]
    assert labels and not [w for label in labels for w in words(label)
                           if label_fault(w, names) is not None]
    assert sum(" " in part for label in labels for part in label.split(" · ")) >= len(labels) / 2
