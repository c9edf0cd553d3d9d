"""Training, evaluation and export of the OncoScan lesion model."""
