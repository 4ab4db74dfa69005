"""The city's rules as data (principles, forms of collaboration, start types, screening
criteria presets, evaluation items, check-sheet points)."""
