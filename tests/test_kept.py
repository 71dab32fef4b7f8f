"""The whole store's assessment kept beside it: a server started again on an unchanged store
gets exactly the assessment it would compute, from the files; anything else (an edit, other
settings, an owner filter, another date, damaged files, other code, the cache off) is
computed, never taken from stale files."""

from dataclasses import replace

import pandas as pd
import pytest

from refdash.data import store
from refdash.data.store import read_cache
from refdash.model import decision, kept, portfolio, trust
from refdash.model.trust import TrustSettings
from tests.conftest import AS_OF


@pytest.fixture(autouse=True)
def _read_cache_on(monkeypatch):
    monkeypatch.setenv("REFDASH_READ_CACHE", "1")


@pytest.fixture
def computations(monkeypatch) -> list[int]:
    """How many times the assessment is computed (not taken from the files)."""
    calls: list[int] = []
    compute = decision.assess

    def counting(*args, **kwargs):
        calls.append(1)
        return compute(*args, **kwargs)

    monkeypatch.setattr(decision, "assess", counting)
    return calls


def load(path, as_of=AS_OF) -> portfolio.Portfolio:
    p = portfolio.load(path, as_of=as_of)
    read_cache.wait_saved()
    return p


def keep(path) -> decision.Assessment:
    """The assessment of the whole store, computed and kept (its save waited for)."""
    a = kept.assess(load(path))
    read_cache.wait_saved()
    assert all(f.exists() for f in kept.files_of(path).values())
    assert kept.trajectory_file(path)[kept.TRAJECTORY].exists()
    return a


def assert_same(a: decision.Assessment, b: decision.Assessment) -> None:
    for part in ("asks", "status", "trajectory"):
        pd.testing.assert_frame_equal(getattr(a.report, part), getattr(b.report, part),
                                      check_exact=True)
    assert a.gated is not None and b.gated is not None
    pd.testing.assert_frame_equal(a.gated.status, b.gated.status, check_exact=True)
    assert (a.report.settings, a.report.as_of, a.gated.never_applied) == \
        (b.report.settings, b.report.as_of, b.gated.never_applied)
    assert a.fit is not None and b.fit is not None
    for part in ("shares", "posteriors"):
        pd.testing.assert_frame_equal(getattr(a.fit, part), getattr(b.fit, part),
                                      check_exact=True)
    assert (a.fit.rates, a.fit.iterations, a.fit.converged, a.fit.log_likelihood,
            a.fit.level) == (b.fit.rates, b.fit.iterations, b.fit.converged,
                             b.fit.log_likelihood, b.fit.level)


def test_an_unchanged_store_gets_the_assessment_it_would_compute_from_the_files(
        demo_db, computations):
    first = keep(demo_db)
    assert len(computations) == 1
    again = kept.assess(load(demo_db))
    assert len(computations) == 1  # from the files
    assert_same(again, first)
    assert_same(again, decision.assess(load(demo_db), TrustSettings()))


def test_the_trajectories_are_read_from_their_file_and_computed_when_it_is_damaged(
        demo_db, computations, monkeypatch):
    """The Clients page's trajectories come from their own kept file (read on first use),
    the same frame as computed; a damaged file costs a computation, then is kept again."""
    first = keep(demo_db)
    made: list[int] = []
    compute = trust.trajectories
    monkeypatch.setattr(trust, "trajectories", lambda *a, **k: made.append(1) or compute(*a, **k))
    again = kept.assess(load(demo_db))
    assert_same(again, first)  # the trajectories included
    assert made == []  # read, not computed
    kept.trajectory_file(demo_db)[kept.TRAJECTORY].write_bytes(b"not an arrow file")
    damaged = kept.assess(load(demo_db))
    pd.testing.assert_frame_equal(damaged.report.trajectory, first.report.trajectory,
                                  check_exact=True)
    assert made == [1]
    read_cache.wait_saved()
    assert_same(kept.assess(load(demo_db)), first)
    assert made == [1] and len(computations) == 1  # kept again; the assessment never


def test_an_edit_is_computed_again_and_kept_for_the_edited_store(demo_db, computations):
    before = keep(demo_db)
    status = before.report.status
    client = int(status.index[status["ready"].to_numpy(bool)][0])
    store.add_event(demo_db, client_id=client, date=AS_OF, kind="promise_broken",
                    note="Dupont & fils")
    edited = load(demo_db)
    after = kept.assess(edited)
    assert len(computations) == 2  # not the files of the store before the edit
    assert not after.report.status.loc[client, "ready"]  # the broken promise counts
    read_cache.wait_saved()
    assert_same(kept.assess(load(demo_db)), after)
    assert len(computations) == 2  # the edited store's files
    assert_same(after, decision.assess(edited, TrustSettings()))


def test_other_settings_an_owner_filter_and_another_date_are_computed(demo_db, computations):
    keep(demo_db)
    whole = load(demo_db)
    other = replace(TrustSettings(), familiarity_months=3.0)
    kept.assess(whole, other)
    owner = whole.owners[0]
    narrowed = whole.for_owners([owner])
    assert narrowed.read_stamp is None
    assessed = kept.assess(narrowed)
    assert set(assessed.report.status.index) == set(narrowed.clients["id"])
    later = load(demo_db, as_of=pd.Timestamp(AS_OF) + pd.Timedelta(days=30))
    assert kept.assess(later).report.as_of == later.as_of
    assert len(computations) == 4  # the first, then each of the three


def test_damaged_files_and_files_of_other_code_are_ignored(demo_db, computations,
                                                          monkeypatch):
    first = keep(demo_db)
    kept.files_of(demo_db)["status"].write_bytes(b"not an arrow file")
    assert_same(kept.assess(load(demo_db)), first)
    assert len(computations) == 2
    read_cache.wait_saved()  # kept again, whole
    monkeypatch.setattr(kept, "_MODEL_HASH", "another model")
    kept.assess(load(demo_db))
    assert len(computations) == 3


def test_with_the_cache_off_nothing_is_kept(demo_db, computations, monkeypatch):
    monkeypatch.setenv("REFDASH_READ_CACHE", "0")
    kept.assess(load(demo_db))
    kept.assess(load(demo_db))
    read_cache.wait_saved()
    assert len(computations) == 2
    assert not any(f.exists() for f in [*kept.files_of(demo_db).values(),
                                        *kept.trajectory_file(demo_db).values()])


@pytest.mark.parametrize("command", ["demo", "import"])
def test_a_store_written_by_the_command_line_opens_without_computing(
        tmp_path, monkeypatch, capsys, computations, command):
    """``refdash demo`` and ``refdash import`` leave the read and the assessment beside the
    store: the dashboard's first open (on the same analysis date) computes nothing."""
    from refdash.__main__ import main
    from tests.test_import import FIXTURES

    monkeypatch.setenv("REFDASH_AS_OF", AS_OF)
    db = tmp_path / "store.db"
    if command == "demo":
        argv = ["demo", "--clients", "120", "--as-of", AS_OF, "--db", str(db)]
        said = "Ready for the dashboard's first open"
    else:
        store.create_store(db)
        argv = ["import", str(FIXTURES / "hubspot_contacts.csv"), "--kind", "clients",
                "--db", str(db), "--as-of", AS_OF, "--lang", "fr"]
        said = "prêt pour la première ouverture du tableau de bord en"
    assert main(argv) == 0
    assert said in capsys.readouterr().out
    assert len(computations) == 1
    first_open = kept.assess(load(db, as_of=portfolio.analysis_date()))
    assert len(computations) == 1  # read from what the command left
    assert_same(first_open, decision.assess(load(db), TrustSettings()))
