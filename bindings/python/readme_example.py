import gi

with gi.Spec.load("specs/lai-chau-tea.xml") as spec:
    run = spec.verify(gi.Report.open("examples/lai-chau-2026.xml"))
    for sample in run:
        print(sample.id, sample.verdict, sample.reason)
    print(run.summary)                      # counts and the report's verdict
    sample = run.samples[0].to_dict()       # exactly what gi verify --json prints

try:
    gi.Spec.load("specs/lai-chau-tea.xml").verify(gi.Report.from_string("lab,sample\n", "x.csv"))
except gi.Error as e:                       # ParseError, InvalidError, FileError, UsageError
    print(e.file, e.line, e.message)
