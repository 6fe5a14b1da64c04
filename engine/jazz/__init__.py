"""jazz"""
