"""Reading: files → :class:`~policylib.reading.corpus.Document` → section tree, losing nothing.

* :mod:`~policylib.reading.text`: decoding and whitespace normalisation of chapter files;
* :mod:`~policylib.reading.html`: saved HTML pages to text lines with structure hints;
* :mod:`~policylib.reading.furniture`: site furniture and metadata lines;
* :mod:`~policylib.reading.sections`: a chapter's text parsed into a tree of sections;
* :mod:`~policylib.reading.corpus`: files and folders into documents and tidy tables;
* :mod:`~policylib.reading.inspections`: Ofsted inspection reports (PDF) into tables.
"""
