print("literate")
