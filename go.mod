module maillage

go 1.26.8
