"""setlists"""
