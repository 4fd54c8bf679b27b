"""Parsed and checked page and news files remembered by their bytes: an edit parses one file again."""
from __future__ import annotations

import pickle

from .cache import MarkdownCache, MemoryTable
from .keys import check_key, check_settings
from .load import SourceRef
from .shards import Share, run_shares
from .spelling import Speller
from .validate import Checked, FileChecker, Reader, check_file, check_files

BATCH = 256          # files looked up and stored together: few queries, never all the pickles in memory at once
PARALLEL_FROM = 200  # files to parse from which they are shared out between processes


def cached_checker(cache: MarkdownCache, processes: int = 1, memory: MemoryTable | None = None,
                   speller: Speller | None = None) -> FileChecker:
    """A `check_files` that reads the results of the files it saw before from `cache` (keyed by the file's
    path, kind and bytes, the site's languages and the code: never a stale one), and reads and checks the
    others, over `processes` processes when there are many (storing their results). With `memory` (the
    preview's BuildMemo.checked), results held there are not read back from the cache, and it is left
    holding this check's. With a `speller`, files are spell-checked too, its identity in every key."""
    def check(files: list[tuple[str, SourceRef]], codes: tuple[str, ...], read: Reader) -> list[Checked]:
        settings = check_settings(codes, speller.identity if speller else "")
        keys = [check_key(settings, kind, ref.path, ref.digest) for kind, ref in files]
        held = memory if memory is not None else MemoryTable()
        missing = [i for i, key in enumerate(keys) if not held.has(key) and not cache.documents.has(key)]
        count = processes if len(missing) >= PARALLEL_FROM else 1
        shares = run_shares(lambda share, _: (_check_share([files[i] for i in share.of(missing)], codes, read,
                                                           speller), _verdicts(speller)), count)
        for _, verdicts in shares if speller else ():  # the words each process judged, kept for the next build
            speller.learn(verdicts)
        fresh = {i: result for index, (share, _) in enumerate(shares)
                 for i, result in zip(Share(index, count).of(missing), share)}
        unread = {keys[i] for i, (_, storable) in fresh.items() if not storable}
        results = []
        for start in range(0, len(files), BATCH):
            batch = range(start, min(start + BATCH, len(files)))
            stored = cache.documents.get_many([keys[i] for i in batch if i not in fresh and not held.has(keys[i])])
            cache.documents.put_many([(keys[i], fresh[i][0]) for i in batch if i in fresh and fresh[i][1]])
            for i in batch:
                if i in fresh:  # let each pickle go once read
                    results.append(pickle.loads(fresh.pop(i)[0]))
                elif held.has(keys[i]):
                    results.append(held.get(keys[i]))
                elif keys[i] in stored:
                    results.append(pickle.loads(stored[keys[i]]))
                else:  # its cache entry went in between (another build, the preview's, keeps the cache the
                    # size of its own site): checked now
                    results.append(check_files([files[i]], codes, read, speller)[0])
        cache.documents.keep_only(set(keys))
        if memory is not None:
            memory.keep_only(set(keys) - unread)
            memory.put_many((key, result) for key, result in zip(keys, results) if key not in unread)
        return results
    return check


def _verdicts(speller: Speller | None) -> dict:
    return speller.verdicts if speller and not speller.unavailable else {}


def _check_share(files: list[tuple[str, SourceRef]], codes: tuple[str, ...],
                 read: Reader, speller: Speller | None = None) -> list[tuple[bytes, bool]]:
    """Each file read and checked: (the pickled result, whether it is worth storing)."""
    results = []
    for kind, ref in files:
        source = read(ref)
        checked = pickle.dumps(check_file(source, kind, codes, speller), pickle.HIGHEST_PROTOCOL)
        # Unread (changed since it was hashed, say), or spelling skipped as the dictionaries could not be
        # opened after all: nothing worth remembering.
        results.append((checked, source[0] is not None and not (speller and speller.unavailable)))
    return results
