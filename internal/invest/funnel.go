package invest

// Pipeline is an area's pipeline as its dashboard shows it, read at once:
// the projects at each stage now, the stage each terminated project was at
// when it ended, and the late and overdue flags.
type Pipeline struct {
	Counts         map[Stage]int // projects at each stage now, 终止 included
	TerminatedFrom map[Stage]int // terminated projects by the stage they left
	Flags
}

// FunnelStep is one stage of the pipeline funnel.
type FunnelStep struct {
	Stage Stage
	// Reached counts the projects that reached at least this stage: those
	// at it or past it now, and those terminated at it or past it.
	Reached int
	// Rate is Reached over the previous stage's (conversion); HasRate is
	// false for the first stage and after a stage no project reached.
	Rate    float64
	HasRate bool
}

// Funnel is the pipeline's funnel, a step per stage in order, each
// counting the projects that reached at least that stage (so the counts
// never grow from one stage to the next). Steps only go forward unless
// the settings allow going back; a project sent back counts where it is.
func (p Pipeline) Funnel() []FunnelStep {
	stages := Stages()
	out := make([]FunnelStep, len(stages))
	for i, st := range stages {
		out[i].Stage = st
	}
	// Each project counts in every stage up to the one it is at (or left
	// when terminated): a running sum from the last stage back.
	n := 0
	for i := len(stages) - 1; i >= 0; i-- {
		n += p.Counts[stages[i]] + p.TerminatedFrom[stages[i]]
		out[i].Reached = n
	}
	for i := 1; i < len(out); i++ {
		if prev := out[i-1].Reached; prev > 0 {
			out[i].Rate, out[i].HasRate = float64(out[i].Reached)/float64(prev), true
		}
	}
	return out
}
