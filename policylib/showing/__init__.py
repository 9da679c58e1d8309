"""Showing results: charts, evidence packs, guides and safely written files.

* :mod:`~policylib.showing.charts`: matplotlib charts of the kit's tables;
* :mod:`~policylib.showing.report`: evidence packs (HTML, Excel, Word, CSV) for one chapter;
* :mod:`~policylib.showing.learning`: each element in the framework's words and councils';
* :mod:`~policylib.showing.output`: every file the kit writes, written atomically and safely;
* :mod:`~policylib.showing.notebook`: the one set-up call every notebook starts with.
"""
