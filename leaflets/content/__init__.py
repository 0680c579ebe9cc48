"""Topic files in: YAML read with its lines, validated once into a frozen model, blocks and imports."""
