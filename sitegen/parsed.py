"""Parsed and checked page and news files remembered by their text: an edit parses one file again."""
from __future__ import annotations

import pickle

from .cache import MarkdownCache, code_fingerprint, digest
from .load import SourceRef
from .validate import Checked, FileChecker, Reader, check_file

BATCH = 256   # files looked up and stored together: few queries, and never all the pickles in memory at once


def cached_checker(cache: MarkdownCache) -> FileChecker:
    """A `check_files` that reads the results of the files it saw before from `cache` (keyed by the file's
    path, kind and bytes, the site's languages and the code: never a stale one), and reads and checks the
    others (storing their results)."""
    def check(files: list[tuple[str, SourceRef]], codes: tuple[str, ...], read: Reader) -> list[Checked]:
        settings = digest(code_fingerprint("yaml"), *codes)
        keys = [digest(settings, kind, ref.path, ref.digest) for kind, ref in files]
        results = []
        for start in range(0, len(files), BATCH):
            results += _check_batch(cache, files[start:start + BATCH], keys[start:start + BATCH], codes, read)
        cache.documents.keep_only(set(keys))
        return results
    return check


def _check_batch(cache: MarkdownCache, files: list[tuple[str, SourceRef]], keys: list[str],
                 codes: tuple[str, ...], read: Reader) -> list[Checked]:
    known = cache.documents.get_many(keys)
    results, fresh = [], []
    for (kind, ref), key in zip(files, keys):
        if key in known:
            results.append(pickle.loads(known.pop(key)))
            continue
        source = read(ref)
        results.append(check_file(source, kind, codes))
        if source[0] is not None:  # unread (changed since hashed, say): nothing worth remembering
            fresh.append((key, pickle.dumps(results[-1], pickle.HIGHEST_PROTOCOL)))
    cache.documents.put_many(fresh)
    return results
