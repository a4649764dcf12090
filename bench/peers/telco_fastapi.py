"""Peer for bench/compare-serving.py: the telco churn model served by FastAPI and uvicorn.

The model is telco_sklearn.py's (HistGradientBoostingClassifier, categorical columns ordinal-encoded and
declared categorical), trained on the whole file at start-up from TELCO_DATA. POST /predict takes one row as
a JSON object keyed by column name (the generated .NET service's request) and answers with the class and the
probability of churn. Run: TELCO_DATA=telco_churn.csv uvicorn telco_fastapi:app --workers 2
"""
import csv
import os

import numpy as np
from fastapi import FastAPI
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import OrdinalEncoder


def _load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    numeric, categorical = [], []
    for column in (c for c in rows[0] if c != "churn"):
        try:
            [float(r[column]) for r in rows if r[column] != ""]
            numeric.append(column)
        except ValueError:
            categorical.append(column)
    return rows, numeric, categorical


def _matrix(rows, numeric, categorical, encoder):
    numbers = np.array([[float(r[c]) if r[c] not in ("", None) else np.nan for c in numeric] for r in rows])
    categories = encoder.transform(np.array([[r[c] if r[c] is not None else "" for c in categorical] for r in rows], dtype=object))
    return np.hstack([numbers, categories])


ROWS, NUMERIC, CATEGORICAL = _load(os.environ["TELCO_DATA"])
ENCODER = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan).fit(
    np.array([[r[c] for c in CATEGORICAL] for r in ROWS], dtype=object))
MODEL = HistGradientBoostingClassifier(
    categorical_features=[False] * len(NUMERIC) + [True] * len(CATEGORICAL), random_state=42).fit(
    _matrix(ROWS, NUMERIC, CATEGORICAL, ENCODER), np.array([r["churn"] == "Yes" for r in ROWS]))

app = FastAPI()


@app.post("/predict")
def predict(row: dict):
    probability = float(MODEL.predict_proba(_matrix([row], NUMERIC, CATEGORICAL, ENCODER))[0, 1])
    return {"prediction": "Yes" if probability >= 0.5 else "No", "probability": probability}
