package lexical

// TypoTrigrams and TypoSlack are typoTrigrams and typoSlack, for the test
// of the bound they make.
const (
	TypoTrigrams = typoTrigrams
	TypoSlack    = typoSlack
)
