/**
 * The backend's answer to a rejected playbook: one localised line per field (`应对阶段 #2 › 步骤 #1 › 负责角色：…`).
 * In the editor a line is a button that selects the field in the text.
 */
import { Alert, List, Text, UnstyledButton } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { describeError } from '../../ui/errors';

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ProblemReport {
  /** The summary line (`预案有 3 处问题，未保存…`) or any other error's text. */
  summary: string;
  issues: FieldIssue[];
}

/** Turns a failed save/import into what the screen shows. */
export function problemReport(error: unknown): ProblemReport {
  const issues = error instanceof ApiError ? (error.payload.issues ?? []) : [];
  return { summary: describeError(error), issues };
}

export function PlaybookIssues(props: { report: ProblemReport; onSelect?: (issue: FieldIssue) => void }) {
  const { t } = useTranslation();
  const { report } = props;
  return (
    <Alert
      color="red"
      icon={<IconAlertCircle size={18} />}
      title={
        report.issues.length > 0 ? t('crisisUi.issues.title', { count: report.issues.length }) : undefined
      }
      data-testid="playbook-issues"
    >
      {report.issues.length === 0 ? (
        <Text size="sm">{report.summary}</Text>
      ) : (
        <List size="sm" spacing={4} style={{ maxHeight: 220, overflowY: 'auto' }}>
          {report.issues.map((issue, index) => (
            <List.Item key={`${issue.path}-${index}`} data-testid="playbook-issue">
              {props.onSelect ? (
                <UnstyledButton
                  onClick={() => props.onSelect?.(issue)}
                  style={{ textAlign: 'left', fontSize: 'inherit' }}
                  title={issue.path || undefined}
                >
                  <Text span size="sm" td="underline" style={{ textDecorationStyle: 'dotted' }}>
                    {issue.message}
                  </Text>
                </UnstyledButton>
              ) : (
                <Text span size="sm">
                  {issue.message}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
