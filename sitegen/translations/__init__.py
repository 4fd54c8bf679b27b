"""Translations kept in step with their originals, block by block, without git.

    facts.py     what a page or news file says about itself (its blocks' signature, text in the other language)
    blocks.py    texts cut into blocks and fingerprinted; records.py the lock file that remembers them
    tracking.py  track(): the state of every translation, and the problems to report (the one entry point of
                 a build: validate.py calls it); record(): `translation done`
    exchange.py  what a translator gets and gives back (`translation export` / `import`), through ../xliff.py
    language.py  text left in the other language; overview.py the preview's /_translations/ page
    commands.py  the `translation` sub-commands (arguments.py: their arguments)

Nothing here is imported by this file: content.py uses facts.py while tracking.py uses content.py.
"""
