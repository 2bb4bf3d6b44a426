"""(laid out in the next commit)"""
