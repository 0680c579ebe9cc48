"""Running builds: one job per topic, the incremental manifest, workers, watch and previews."""
