"""Parsed and checked page and news files remembered by their text: an edit parses one file again."""
from __future__ import annotations

import pickle

from .cache import MarkdownCache, code_fingerprint, digest
from .load import SourceFile
from .validate import Checked, FileChecker, check_files


def cached_checker(cache: MarkdownCache) -> FileChecker:
    """A `check_files` that reads the results of the files it saw before from `cache` (keyed by the file's
    path, kind and text, the site's languages and the code: never a stale one) and stores the others."""
    def check(files: list[tuple[str, SourceFile]], codes: tuple[str, ...]) -> list[Checked]:
        settings = digest(code_fingerprint("yaml"), *codes)
        keys = [digest(settings, kind, source.path, source.text) for kind, source in files]
        known = cache.documents.get_many(keys)
        missing = [item for item, key in zip(files, keys) if key not in known]
        fresh = dict(zip((key for key in keys if key not in known), check_files(missing, codes)))
        cache.documents.put_many([(key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
                                  for key, result in fresh.items()])
        cache.documents.keep_only(set(keys))
        return [fresh[key] if key in fresh else pickle.loads(known[key]) for key in keys]
    return check
