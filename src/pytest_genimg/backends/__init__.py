"""Engines behind small Protocols (OCR, pose and hands, image embedders), imported lazily."""
