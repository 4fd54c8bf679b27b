"""sitegen: the static site generator of the ASI page (load -> validate -> model -> render -> write)."""
