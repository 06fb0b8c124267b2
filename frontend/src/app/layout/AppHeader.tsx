import { Link } from 'react-router-dom';

import { LanguageSwitch } from '../../components/LanguageSwitch';
import { AgentMenu } from '../../features/session/components/AgentMenu';
import { SearchForm } from '../../features/search/components/SearchForm';
import { useI18n } from '../../i18n/useI18n';
import { AppNav } from './AppNav';

export function AppHeader() {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      <SearchForm />
      <div className="header-tools">
        <AppNav />
        <LanguageSwitch />
        <AgentMenu />
      </div>
    </header>
  );
}
