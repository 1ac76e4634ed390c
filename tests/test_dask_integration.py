"""textlint.integrations.dask on a real distributed.LocalCluster: two worker processes,
a Dask DataFrame and a Bag of damaged and clean documents, findings and fixed text as
columns, and the same answers as the API gives in this process."""

from __future__ import annotations

import json

import pytest

dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import textlint  # noqa: E402
from textlint.integrations.dask import lint_bag, lint_dataframe, lint_partition  # noqa: E402

from workflow_support import shared_or_skip  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40)
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def documents():
    folder = shared_or_skip("bench", "replay-natural")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:30]]
    texts += ["All is well here.", "He called the the police."]
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts, "year": range(len(texts))})


def test_a_dataframe_on_two_workers(client, documents):
    assert len(client.scheduler_info()["workers"]) == 2
    frame = dd.from_pandas(documents, npartitions=4)
    linter = textlint.Linter(ignore="entity-in-verb-position/name-after-noun")
    linted = lint_dataframe(frame, linter)
    assert list(linted.columns) == ["doc_id", "text", "year", "textlint_findings", "textlint_count", "textlint_fixed", "textlint_error"]
    future = client.compute(linted)
    result = future.result(timeout=120)
    workers = {worker for keys in client.who_has(future).values() for worker in keys}
    assert workers  # computed on the cluster, not in this process

    # every row, in order, with its own columns as they were (Dask may store strings as Arrow strings)
    assert result[["doc_id", "text", "year"]].to_dict("records") == documents.to_dict("records")
    for _, row in result.iterrows():
        expected = linter.check(row["text"])
        assert json.loads(row["textlint_findings"]) == [d.as_dict() for d in expected]
        assert row["textlint_count"] == len(expected)
        assert row["textlint_fixed"] == linter.fix(row["text"])
        assert pd.isna(row["textlint_error"])
    assert (result["textlint_count"] > 0).sum() > 10  # most replayed documents are damaged
    assert result.loc[result.doc_id == "d30", "textlint_count"].item() == 0
    assert result.loc[result.doc_id == "d31", "textlint_fixed"].item() == "He called the police."


def test_partitions_ran_in_both_workers(client, documents):
    frame = dd.from_pandas(documents, npartitions=8)
    linted = lint_dataframe(frame, textlint.Linter(), fix=False)
    assert "textlint_fixed" not in linted.columns
    persisted = client.persist(linted)
    distributed.wait(persisted, timeout=120)
    holders = {w for keys in client.who_has(persisted).values() for w in keys}
    assert len(holders) == 2
    assert int(persisted["textlint_count"].sum().compute()) == int(lint_partition(documents, fix=False)["textlint_count"].sum())


def test_missing_texts_get_an_error_column(client):
    frame = dd.from_pandas(pd.DataFrame({"text": ["the the end", None, "fine"]}), npartitions=2)
    result = lint_dataframe(frame).compute()
    assert [None if pd.isna(v) else v for v in result["textlint_error"]] == [None, "text is missing, not a string", None]
    assert [None if pd.isna(v) else v for v in result["textlint_fixed"]] == ["the end", None, "fine"]
    with pytest.raises(KeyError, match="no column 'body'"):
        lint_dataframe(frame, text_column="body")


def test_the_result_writes_to_parquet_and_reads_back(client, documents, tmp_path):
    # a partition whose rows are all clean has only missing errors: still a string column
    frame = dd.from_pandas(documents, npartitions=4)
    lint_dataframe(frame, textlint.Linter()).to_parquet(tmp_path / "linted")
    back = dd.read_parquet(tmp_path / "linted").compute()
    assert back["doc_id"].tolist() == documents["doc_id"].tolist()
    assert back["textlint_fixed"].tolist() == [textlint.fix(t) for t in documents["text"]]
    assert back["textlint_error"].isna().all()


def test_a_bag_of_records(client):
    bag = db.from_sequence([{"id": 1, "text": "the the end"}, {"id": 2, "text": "All is well."}], npartitions=2)
    rows = lint_bag(bag).compute()
    assert [(r["id"], r["textlint_count"], r["textlint_fixed"]) for r in rows] == [(1, 1, "the end"), (2, 0, "All is well.")]
    strings = lint_bag(db.from_sequence(["Mr. Mr. Smith", "ok"], npartitions=2), text_field=None, fix=False).compute()
    assert [json.loads(r["textlint_findings"])[0]["rule"] if r["textlint_count"] else None for r in strings] == [
        "duplicated-token/repeated-words", None]
