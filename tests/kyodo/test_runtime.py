import gc

from kyodo.runtime import THRESHOLDS, settle_gc


def test_settle_gc_freezes_what_is_loaded_and_raises_the_young_threshold():
    before = gc.get_threshold()
    try:
        settle_gc()
        assert gc.get_freeze_count() > 10_000  # the loaded application, out of the collector's walk
        assert gc.get_threshold() == THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_wsgi_entry_point_settles_the_collector():
    import importlib

    before = gc.get_threshold()
    try:
        import kyodo.wsgi

        importlib.reload(kyodo.wsgi)
        assert gc.get_threshold() == THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
