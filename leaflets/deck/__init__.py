"""The slide plan: which slides a document makes and what each holds, measured to fit."""
