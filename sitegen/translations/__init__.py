"""Translations kept in step with their originals, block by block, without git.

    facts.py     what a page or news file says about itself (its blocks' signature, text in the other language)
    blocks.py    texts cut into blocks and fingerprinted; records.py the lock file that remembers them
    tracking.py  track(): the state of every translation, and the problems to report (the one entry point of
                 a build); record(): `translation done`
    language.py  text left in the other language; overview.py the preview's /_translations/ page

Nothing here is imported by this file: content.py uses facts.py while tracking.py uses content.py.
"""
