/**
 * A single-answer CodeBuild question in the bank file format (what the question API creates and
 * imports), with its id and prompt and any other field given.
 */
export function bankRow({ id, prompt, ...fields }: { id: string; prompt: string } & Record<string, unknown>) {
  // Fields in the order an export writes them: an imported file exports back byte for byte.
  return {
    id,
    topic: 'sdlc.codebuild',
    style: 'quick',
    type: 'single',
    prompt,
    options: ['AWS CodeBuild', 'AWS CodeDeploy', 'AWS CodeCommit', 'AWS CodeArtifact'],
    answer: [0],
    explanation: 'CodeBuild compiles and tests; CodeDeploy only deploys what was built.',
    difficulty: 1,
    timeLimitSec: 20,
    ...fields,
  };
}
