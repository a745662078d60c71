"""See the years: the reading list as a self-contained HTML page (``html``) and as a static
timeline figure (``svg``), for the shipped eras or for any .bib.

- :mod:`.layout`: what both share: works grouped into bands (eras, years or the values of a
  field), each placed at its milestone date, labels packed into rows, text escaped;
- :mod:`.page`: :class:`~.page.HtmlWriter` (inline CSS and script from ``assets/``);
- :mod:`.figure`: :class:`~.figure.SvgWriter`;
- :mod:`.groups`: a user's .bib as records grouped by year or by a field.

Both writers register with :mod:`imgsynth_refs.export`, so ``export(refs, "html")`` and
``export --format svg`` find them.
"""
