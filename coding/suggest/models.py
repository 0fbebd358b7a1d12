"""The small models the learned suggester fits: logistic regressions (scikit-learn,
imported only when something is fitted) and the calibration of a layer's evidence into
"about N in 10 like this were confirmed"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

#: Calibration needs at least this many decided suggestions of a layer, and this many
#: of each kind (confirmed, rejected): with one rejection in thirty it said "10 in 10".
MIN_CALIBRATION = 10
MIN_OF_EACH = 3


def logistic(**options: object) -> LogisticRegression:
    """A scikit-learn logistic regression with ``options``."""
    # Imported here: scikit-learn takes seconds to import, and a run with nothing to
    # learn from (no decisions yet, or too few) never needs it.
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(**options)


def calibrated(rows: tuple[np.ndarray, np.ndarray], evidence: np.ndarray) -> np.ndarray:
    """(segments, codes) the chance that a suggestion with this ``evidence`` (segments,
    codes, features) is confirmed, from the decided suggestions' (evidence rows,
    outcomes); NaN while there are too few of them, or too few of either kind."""
    x, y = rows
    chance = np.full(evidence.shape[:2], np.nan)
    if len(x) < MIN_CALIBRATION or min(int(y.sum()), int((~y).sum())) < MIN_OF_EACH:
        return chance
    model = logistic().fit(x, y)
    flat = evidence.reshape(-1, evidence.shape[-1])
    return model.predict_proba(flat)[:, 1].reshape(evidence.shape[:2])
