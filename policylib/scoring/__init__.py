"""Scoring: documents against the national frameworks and against each other.

* :mod:`~policylib.scoring.analysis`: the one analyser that cuts text into words;
* :mod:`~policylib.scoring.weights`, :mod:`~policylib.scoring.textmodel`: TF-IDF weights,
  fixed (shipped) and fitted (scikit-learn);
* :mod:`~policylib.scoring.frameworks`: the frameworks' elements (codebooks);
* :mod:`~policylib.scoring.model`: passages, and the default model that scores them;
* :mod:`~policylib.scoring.examples`: a policy lead's own judgements;
* :mod:`~policylib.scoring.template`: text councils share word for word;
* :mod:`~policylib.scoring.coverage`: per document and element, present, partial or missing,
  with the passage that proves it;
* :mod:`~policylib.scoring.compare`: explanations, similarity, neighbours, distinctive terms;
* :mod:`~policylib.scoring.findings`: inspection findings beside the policy.
"""
