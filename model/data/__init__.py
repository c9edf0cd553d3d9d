"""HAM10000 loading, metadata encoding, splits and augmentation."""
