"""Cross-cutting pieces every domain uses: access policy, languages, money, mail, audit."""
