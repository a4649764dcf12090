"""Peers for bench/compare-examples.py: each example dataset in scikit-learn and XGBoost, the way a notebook does it.

Usage: examples_peers.py EXAMPLE DATA_FOLDER
The configurations of ../shared/data/README.md: an 80/20 split with random_state=42 (stratified for
classification), scikit-learn's HistGradientBoosting with defaults (categorical columns ordinal-encoded
and declared categorical) and XGBoost with hist, 300 trees, depth 6, learning rate 0.1 (categorical
columns ordinal-encoded). fine-foods uses its given train/test files and TF-IDF + logistic regression.
Prints one JSON line: for each peer its metric and fit seconds.
"""
import csv
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, OrdinalEncoder
from xgboost import XGBClassifier, XGBRegressor

TASKS = {
    "telco-churn": ("telco_churn.csv", "churn", "binary"),
    "penguins": ("penguins.csv", "species", "multiclass"),
    "letter-recognition": ("letter_recognition.csv", "lettr", "multiclass"),
    "diamonds": ("diamonds.csv", "price", "regression"),
    "ames-housing": ("ames_housing.csv", "Sale_Price", "regression"),
}


def load(path, label):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    y = [r[label] for r in rows]
    numeric, categorical = [], []
    for c in (c for c in rows[0] if c != label):
        values = [r[c] for r in rows]
        try:
            numeric.append(np.array([float(v) if v not in ("", "NA") else np.nan for v in values]))
        except ValueError:
            categorical.append(np.array([v if v != "" else "missing" for v in values], dtype=object))
    parts = [np.column_stack(numeric)] if numeric else []
    if categorical:
        parts.append(OrdinalEncoder().fit_transform(np.column_stack(categorical)))
    return np.array(y), np.hstack(parts), [False] * len(numeric) + [True] * len(categorical)


def timed(fit):
    start = time.perf_counter()
    model = fit()
    return model, time.perf_counter() - start


def tabular(folder, example):
    file, label, task = TASKS[example]
    y, x, is_categorical = load(f"{folder}/{file}", label)
    if task == "regression":
        y = y.astype(float)
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=42)
        hgb, hgb_s = timed(lambda: HistGradientBoostingRegressor(categorical_features=is_categorical, random_state=42).fit(x_train, y_train))
        xgb, xgb_s = timed(lambda: XGBRegressor(tree_method="hist", n_estimators=300, max_depth=6, learning_rate=0.1, random_state=42).fit(x_train, y_train))
        return {"metric": "r2", "sklearn": r2_score(y_test, hgb.predict(x_test)), "sklearn_s": hgb_s, "xgboost": r2_score(y_test, xgb.predict(x_test)), "xgboost_s": xgb_s}
    y = LabelEncoder().fit_transform(y)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=42)
    hgb, hgb_s = timed(lambda: HistGradientBoostingClassifier(categorical_features=is_categorical, random_state=42).fit(x_train, y_train))
    xgb, xgb_s = timed(lambda: XGBClassifier(tree_method="hist", n_estimators=300, max_depth=6, learning_rate=0.1, random_state=42).fit(x_train, y_train))
    if task == "binary":
        score = lambda m: roc_auc_score(y_test, m.predict_proba(x_test)[:, 1])
        return {"metric": "auc", "sklearn": score(hgb), "sklearn_s": hgb_s, "xgboost": score(xgb), "xgboost_s": xgb_s}
    return {"metric": "accuracy", "sklearn": accuracy_score(y_test, hgb.predict(x_test)), "sklearn_s": hgb_s, "xgboost": accuracy_score(y_test, xgb.predict(x_test)), "xgboost_s": xgb_s}


def text(folder):
    def read(name):
        with open(f"{folder}/{name}", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        return [r["review"] for r in rows], np.array([r["score"] == "great" for r in rows])
    train_x, train_y = read("fine_foods_train.csv")
    test_x, test_y = read("fine_foods_test.csv")
    vectorizer = TfidfVectorizer(ngram_range=(1, 2))
    model, seconds = timed(lambda: LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(train_x), train_y))
    accuracy = accuracy_score(test_y, model.predict(vectorizer.transform(test_x)))
    return {"metric": "accuracy", "sklearn": accuracy, "sklearn_s": seconds, "xgboost": None, "xgboost_s": None}


if __name__ == "__main__":
    example, folder = sys.argv[1], sys.argv[2]
    print(json.dumps(text(folder) if example == "fine-foods" else tabular(folder, example)))
