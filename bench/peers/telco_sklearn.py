"""Peer for bench/compare-telco.py: the telco churn model in scikit-learn, the way a notebook does it.

HistGradientBoostingClassifier with default settings on an 80/20 stratified split (random_state=42),
categorical columns ordinal-encoded and declared categorical, as in ../shared/data/README.md.
Prints one JSON line: auc, accuracy, rows.
"""
import csv
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OrdinalEncoder


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    label = np.array([r["churn"] == "Yes" for r in rows])
    columns = [c for c in rows[0] if c != "churn"]
    numeric, categorical = [], []
    for c in columns:
        values = [r[c] for r in rows]
        try:
            numeric.append(np.array([float(v) if v != "" else np.nan for v in values]))
        except ValueError:
            categorical.append(np.array(values, dtype=object))
    return label, np.column_stack(numeric), np.column_stack(categorical)


def main(path):
    y, numeric, categorical = load(path)
    encoded = OrdinalEncoder().fit_transform(categorical)
    x = np.hstack([numeric, encoded])
    is_categorical = [False] * numeric.shape[1] + [True] * encoded.shape[1]
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=42)
    model = HistGradientBoostingClassifier(categorical_features=is_categorical, random_state=42).fit(x_train, y_train)
    probability = model.predict_proba(x_test)[:, 1]
    print(json.dumps({
        "auc": roc_auc_score(y_test, probability),
        "accuracy": accuracy_score(y_test, probability >= 0.5),
        "rows": int(len(y_test)),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
