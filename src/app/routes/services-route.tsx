import { ServicesPage } from '../../features/services/components/services-page';

export default function ServicesRoute() {
  return (
    <>
      <title>Services · Firewatch</title>
      <ServicesPage />
    </>
  );
}
