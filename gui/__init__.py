"""The Qt window. Views adapt the engine's objects; every user edit goes through a QUndoStack."""
