"""The review site: static pages under ``<data dir>/site/`` that an analyst opens from disk, offline.

``index.html`` shows the batches (status, documents new / rejected / held back, rows, checks failed,
anomalies) and the data-quality trends as plotly charts; a page per document shows its cleaned articles
with every indicator row highlighted where it stands (details on hover and click, a filter by metric or
region); rejected and held-back documents have a page with the reason; once the warehouse has the
``observations`` table and the ``series`` view, a page per catalogued metric draws a line chart per region.
Nothing is loaded from another host: plotly.js is written into ``static/`` from the installed package.

- :mod:`flows.site.builder`: which pages a run touches, and writing them: ``refresh`` (``update``, never
  failing the run) after a run, ``build`` for the whole site (``zhibiao site``); document, batch and index pages.
- :mod:`flows.site.queries`: what the pages read from the warehouse (read-only), in chunks of documents.
- :mod:`flows.site.chart_pages`: a page per catalogued metric, the metrics index, and ``dq_page`` (the
  data-quality trends, also ``zhibiao dq --html``).
- :mod:`flows.site.writer`: files that appear whole under the site root, the static assets, the navigation.
- :mod:`flows.site.pages`: the Jinja2 templates filled from frames; the text of a document marked up with
  :mod:`transforms.highlight`.
- :mod:`flows.site.charts`: the plotly figure specs.
"""

from flows.site.builder import Built, build, refresh, site_dir, update
from flows.site.chart_pages import dq_page

__all__ = ["Built", "build", "dq_page", "refresh", "site_dir", "update"]
