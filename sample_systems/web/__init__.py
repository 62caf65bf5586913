"""The sample municipal web system 「税務総合システム(見本)」 that examples, the demo and tests drive.

Flask is imported only by ``sample_systems.web.app``: importing this package stays light.
"""
