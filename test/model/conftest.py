import sys
from pathlib import Path

# Make `model` (the training package) and the test helpers importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
