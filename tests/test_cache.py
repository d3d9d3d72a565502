"""Files under the user cache directory: atomic writes, bounded growth."""
import os
import time

from sitrep.cache import ABANDONED_AFTER, prune, write_pickle


def _aged(path, seconds_ago: float):
    path.write_bytes(b"x")
    stamp = time.time() - seconds_ago
    os.utime(path, (stamp, stamp))
    return path


def test_prune_keeps_the_newest_and_clears_abandoned_temporaries(tmp_path):
    indexes = [_aged(tmp_path / f"kb-{n}.pkl", seconds_ago=100 * n) for n in range(5)]   # kb-0 newest
    dead = _aged(tmp_path / "kb-9.x1y2.tmp", seconds_ago=ABANDONED_AFTER + 60)
    building = _aged(tmp_path / "kb-8.a1b2.tmp", seconds_ago=5)                   # another process, now
    other = _aged(tmp_path / "gazetteer-v8-1.sqlite", seconds_ago=10_000)
    prune(tmp_path, "kb-*.pkl", keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [indexes[0].name, indexes[1].name, building.name, other.name])
    assert not dead.exists()


def test_write_pickle_is_atomic_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "kb-1.pkl"
    write_pickle(target, {"a": 1})
    assert [p.name for p in target.parent.iterdir()] == ["kb-1.pkl"]
    import pickle
    assert pickle.loads(target.read_bytes()) == {"a": 1}
